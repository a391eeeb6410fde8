// golang-cpp internal: the failure path of GOLANG_INTERNAL_DCHECK (check.h).
#include "runtime/internal/check.h"

#include <cstdio>
#include <cstdlib>

namespace golang::internal {

void DcheckFailed(const char* cond, const char* what, const char* file,
                  int line) {
  std::fprintf(
      stderr,
      "fatal error: golang-cpp internal check failed: %s (%s) at %s:%d\n", what,
      cond, file, line);
  std::abort();
}

}  // namespace golang::internal
