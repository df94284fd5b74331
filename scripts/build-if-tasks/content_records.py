"""Hand-written facts for the json-records task, and the sentences that carry them (all invented)."""

EVENTS = [  # (event, date, city)
    ("the spring craft fair", "12 April", "Leeds"), ("a night of folk music", "3 May", "Galway"),
    ("the river clean-up day", "21 June", "Hamburg"), ("the children's kite festival", "9 August", "Brighton"),
    ("an open day at the fire station", "14 September", "Dundee"), ("the harvest supper", "5 October", "Ghent"),
    ("the winter lantern parade", "13 December", "Tromsø"), ("a beginners' chess tournament", "18 January", "Lyon"),
    ("the community bake-off", "22 February", "Cardiff"), ("a talk on local birds", "7 March", "Utrecht"),
    ("the classic car show", "30 May", "Turin"), ("a free film night", "11 July", "Porto"),
    ("the allotment open garden", "27 July", "Norwich"), ("the book swap morning", "2 November", "Aarhus"),
    ("a charity fun run", "16 April", "Cork"), ("the street food weekend", "24 August", "Valencia"),
    ("the school science week", "10 March", "Graz"), ("a jazz picnic", "29 June", "Bergen"),
    ("the autumn apple festival", "19 October", "Kraków"), ("a repair café", "8 February", "Bath"),
]
PRODUCTS = [  # (product, price, colour)
    ("a folding chair", "24 pounds", "green"), ("a steel water bottle", "15 euros", "silver"),
    ("a wool scarf", "30 pounds", "red"), ("a desk lamp", "42 euros", "black"),
    ("a rain jacket", "65 pounds", "yellow"), ("a cotton tote bag", "8 euros", "beige"),
    ("a ceramic teapot", "27 pounds", "blue"), ("a camping stove", "55 euros", "orange"),
    ("a bicycle bell", "6 pounds", "chrome"), ("a picnic blanket", "19 euros", "tartan"),
    ("a wall clock", "33 pounds", "white"), ("a pair of gardening gloves", "11 euros", "purple"),
    ("a laptop stand", "38 pounds", "grey"), ("a children's backpack", "22 euros", "pink"),
    ("a bird feeder", "14 pounds", "brown"), ("a chopping board", "17 euros", "natural oak"),
    ("a reading cushion", "26 pounds", "navy"), ("a travel mug", "12 euros", "turquoise"),
    ("a doormat", "18 pounds", "charcoal"), ("a plant pot", "9 euros", "terracotta"),
]
PEOPLE = [  # (name, job, town)
    ("Amara Osei", "bus driver", "Bristol"), ("Tomasz Nowak", "baker", "Gdańsk"),
    ("Ines Duarte", "nurse", "Coimbra"), ("Henrik Lund", "carpenter", "Odense"),
    ("Priya Raman", "librarian", "Leicester"), ("Lucas Moreau", "postman", "Nantes"),
    ("Sofia Greco", "vet", "Bari"), ("Owen Price", "teacher", "Swansea"),
    ("Mei Lin", "architect", "Manchester"), ("Karim Haddad", "chef", "Marseille"),
    ("Elin Berg", "pilot", "Umeå"), ("Niamh Walsh", "gardener", "Limerick"),
    ("Jonas Keller", "electrician", "Basel"), ("Ana Petrović", "pharmacist", "Split"),
    ("Rafael Ortiz", "firefighter", "Seville"), ("Hana Novak", "journalist", "Brno"),
    ("Daniel Abara", "plumber", "Glasgow"), ("Lotte de Vries", "dentist", "Haarlem"),
    ("Yusuf Demir", "tailor", "Izmir"), ("Clara Fischer", "beekeeper", "Freiburg"),
]
BOOKS = [  # (title, author, year)
    ("The Salt Road", "Nell Carver", "1998"), ("Winter in the Orchard", "Peter Hale", "2004"),
    ("A Map of Small Rivers", "Ida Marsh", "2011"), ("The Quiet Engine", "Rowan Tate", "1987"),
    ("Letters from the Ferry", "Maya Quill", "2016"), ("The Glass Allotment", "Simon Reed", "2009"),
    ("Lanterns for Nobody", "Ada Finch", "1993"), ("The Last Tram Home", "Olu Bright", "2020"),
    ("Under the Copper Roof", "Greta Holm", "2001"), ("The Baker's Almanac", "Tom Ashby", "1979"),
    ("Clouds over Kestrel Hill", "June Fairley", "2013"), ("The Borrowed Garden", "Leo Stanton", "2007"),
    ("Notes on a Lighthouse", "Ruth Penrose", "1990"), ("The Paper Harbour", "Ivo Marin", "2018"),
    ("A Season of Kites", "Bea Lowell", "1985"), ("The Clockmaker's Daughter", "Nina Vale", "2002"),
    ("Footprints in the Frost", "Carl Dunmore", "1996"), ("The Green Umbrella", "Lina Ostrova", "2022"),
    ("Songs for a Slow Train", "Ewan Rook", "2010"), ("The Honey Ledger", "Freya Moss", "1983"),
]
TRIPS = [  # (destination, nights, transport)
    ("Lisbon", "3", "train"), ("Edinburgh", "2", "coach"), ("Oslo", "4", "plane"), ("Bruges", "2", "bicycle"),
    ("Vienna", "5", "train"), ("Dublin", "3", "ferry"), ("Seville", "6", "plane"), ("Ljubljana", "2", "car"),
    ("Tallinn", "4", "ferry"), ("Salzburg", "3", "train"), ("Bordeaux", "5", "car"), ("Copenhagen", "2", "train"),
    ("Naples", "7", "plane"), ("Zagreb", "3", "coach"), ("Inverness", "4", "train"), ("Riga", "3", "plane"),
    ("Annecy", "2", "bicycle"), ("Malmö", "1", "train"), ("Palermo", "6", "ferry"), ("Heidelberg", "2", "car"),
]

# Each kind: the keys asked for, the keyword that must appear, and sentences that carry the facts with some noise.
KINDS = {
    "event": {
        "facts": EVENTS, "keys": ["event", "date", "city"], "keyword": 2,
        "sentences": [
            "Posters around {2} announce {0}, which takes place on {1}. Entry is free and the doors open at ten.",
            "Mark your calendar: on {1}, {2} hosts {0}. Volunteers are still needed for the tea stall.",
            "Organisers in {2} say {0} will return this year on {1}, after a break caused by roadworks.",
            "If you are near {2} on {1}, drop in to {0}; last year more than three hundred people came.",
        ],
    },
    "product": {
        "facts": PRODUCTS, "keys": ["product", "price", "colour"], "keyword": 2,
        "sentences": [
            "This week the corner shop is selling {0} in {2} for {1}, while stocks last.",
            "Customer note: I bought {0} for {1}. It came in {2} and arrived two days late, but it works well.",
            "New in the catalogue: {0}, finished in {2}, priced at {1}. Delivery is free on orders over fifty.",
            "For {1} you can now get {0}; the only colour left is {2}, so order soon.",
        ],
    },
    "person": {
        "facts": PEOPLE, "keys": ["name", "job", "town"], "keyword": 0,
        "sentences": [
            "{0} has worked as a {1} in {2} for twelve years and still walks to work every day.",
            "Meet our volunteer of the month: {0}, a {1} from {2}, who gives up Saturdays to coach the junior team.",
            "The local paper interviewed {0}, a {1} who grew up in {2} and never wanted to live anywhere else.",
            "In {2}, everyone seems to know {0}; being a {1} there means meeting half the town each week.",
        ],
    },
    "book": {
        "facts": BOOKS, "keys": ["title", "author", "year"], "keyword": 1,
        "sentences": [
            "First published in {2}, \"{0}\" by {1} is still on the reading list of many book clubs.",
            "{1} wrote \"{0}\" in {2}, after spending a long summer working on a ferry.",
            "Our book of the week is \"{0}\". {1} published it in {2}; the paperback has a new cover.",
            "Critics ignored \"{0}\" when it appeared in {2}, but readers loved it, and {1} became famous.",
        ],
    },
    "trip": {
        "facts": TRIPS, "keys": ["destination", "nights", "transport"], "keyword": 0,
        "sentences": [
            "We are going to {0} for {1} nights and travelling by {2}, because it is cheaper than the alternatives.",
            "The club trip this year is {1} nights in {0}; we will get there by {2} and leave early on a Friday.",
            "Booking confirmed: {0}, {1} nights, travel by {2}. Please bring a valid passport.",
            "After much debate the family chose {0}. They will stay {1} nights and go by {2}.",
        ],
    },
}
