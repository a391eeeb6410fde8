// golang-cpp: the dynamic select (Go's reflect.Select).
#include "chan/select.h"

#include <string>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "runtime/runtime.h"

namespace golang {

namespace internal {

void PanicSelectResult(const char* what, std::size_t asked, int ran) {
  golang::panic(absl::StrCat("select: ", what, "<", asked,
                             ">() of a select in which case ", ran, " ran"));
}

}  // namespace internal

int select(std::span<select_case> cases) {
  // The poll and lock orders hold case indices in 16 bits, as Go's do.
  if (cases.size() > 65536) {
    golang::panic("reflect.Select: too many cases (max 65536)");
  }
  absl::InlinedVector<internal::SelectCase, 8> sc;
  absl::InlinedVector<int, 8> pos;
  int default_pos = -1;
  for (int i = 0; i < static_cast<int>(cases.size()); ++i) {
    internal::AnyCase& c = *cases[i].impl_;
    if (c.IsDefault()) {
      if (default_pos >= 0) {
        golang::panic("reflect.Select: multiple default cases");
      }
      default_pos = i;
      continue;
    }
    c.Prepare(sc.emplace_back());
    pos.push_back(i);
  }
  const int fired = internal::SelectGo(sc.data(), static_cast<int>(sc.size()),
                                       /*block=*/default_pos < 0);
  if (fired < 0) {
    cases[default_pos].impl_->Fire(false);
    return default_pos;
  }
  cases[pos[fired]].impl_->Fire(sc[fired].recv_ok);
  return pos[fired];
}

}  // namespace golang
