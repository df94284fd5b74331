# Sourced by build.sh and diversity: the same float arithmetic as the machine that built the
# committed pair. OpenBLAS picks its kernels by the CPU it finds (or by OPENBLAS_CORETYPE), and
# kernels sum in different orders: on an AMD EPYC (Zen 4) the detected Cooperlake kernel, or the
# Haswell one, gives weights ~1e-6 away from the committed ones; the SkylakeX kernel gives them
# exactly. That kernel needs AVX-512; without it the build runs on what OpenBLAS picks, and says so.
# The machine's own OPENBLAS_CORETYPE is overridden (set HELDOUT_OPENBLAS_CORETYPE to choose another).
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE="${HELDOUT_OPENBLAS_CORETYPE:-SkylakeX}"
else
  echo "note: this CPU has no AVX-512, so OpenBLAS cannot use the SkylakeX kernels the committed pair was built with: the weights will differ in the last bits" >&2
fi
export OPENBLAS_L2_SIZE="${OPENBLAS_L2_SIZE:-512}"
export ATEN_CPU_CAPABILITY="${ATEN_CPU_CAPABILITY:-avx2}"
