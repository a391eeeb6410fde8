// golang-cpp internal: NOT API.
//
// source_location.h: where a `go` statement is, for panics and goroutine
// dumps. std::source_location would do, but libstdc++ 12's needs a compiler
// builtin that Clang 14 lacks; the __builtin_FILE/LINE/FUNCTION trio works in
// GCC and Clang alike and, used as default arguments, names the caller.
#ifndef GOLANG_RUNTIME_INTERNAL_SOURCE_LOCATION_H_
#define GOLANG_RUNTIME_INTERNAL_SOURCE_LOCATION_H_

namespace golang::internal {

struct SourceLocation {
  static constexpr SourceLocation current(
      const char* file = __builtin_FILE(), int line = __builtin_LINE(),
      const char* function = __builtin_FUNCTION()) noexcept {
    return SourceLocation{file, line, function};
  }
  constexpr const char* file_name() const noexcept { return file_; }
  constexpr int line() const noexcept { return line_; }
  constexpr const char* function_name() const noexcept { return function_; }

  const char* file_ = "";
  int line_ = 0;  // 0: unknown
  const char* function_ = "";
};

}  // namespace golang::internal

#endif  // GOLANG_RUNTIME_INTERNAL_SOURCE_LOCATION_H_
