// golang-cpp internal: the cgroup CPU limit behind the default GOMAXPROCS
// (cgroup.h).
#include "runtime/internal/cgroup.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "runtime/internal/lock.h"

namespace golang::internal::cgroup {
namespace {

// Splits off the text before the first `sep`, or all of it.
std::string_view Next(std::string_view* s, char sep) {
  const size_t i = s->find(sep);
  std::string_view head = s->substr(0, i);
  s->remove_prefix(i == std::string_view::npos ? s->size() : i + 1);
  return head;
}

bool ListHas(std::string_view list, std::string_view item) {
  while (!list.empty()) {
    if (Next(&list, ',') == item) return true;
  }
  return false;
}

bool ParseInt(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

// The kernel escapes ' ', '\t', '\n' and '\\' in mountinfo paths as a
// backslash and three octal digits.
bool Unescape(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 3 >= in.size()) return false;
    int c = 0;
    for (size_t k = 1; k <= 3; ++k) {
      const char d = in[i + k];
      if (d < '0' || d > '7') return false;
      c = c * 8 + (d - '0');
    }
    out->push_back(static_cast<char>(c));
    i += 3;
  }
  return true;
}

// The whole file, or nullopt if it cannot be read.
std::optional<std::string> ReadFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

Limit ReadDirLimit(Version version, const std::string& dir) {
  if (version == Version::kV2) {
    const std::optional<std::string> max = ReadFile(dir + "/cpu.max");
    return max ? ParseCpuMax(*max) : Limit{};
  }
  const std::optional<std::string> quota = ReadFile(dir + "/cpu.cfs_quota_us");
  if (!quota) return Limit{};
  const std::optional<std::string> period =
      ReadFile(dir + "/cpu.cfs_period_us");
  return period ? ParseCfs(*quota, *period) : Limit{};
}

// Whether a GODEBUG setting is on: the last `name=value` in the
// comma-separated list wins, as in Go; on unless that value is "0". Read
// once, at the first call (the monitor asks every second).
bool GodebugOn(std::string_view name) {
  static const std::string* env = [] {
    const char* e = std::getenv("GODEBUG");
    return new std::string(e != nullptr ? e : "");
  }();
  std::string_view list = *env;
  bool on = true;
  while (!list.empty()) {
    std::string_view item = Next(&list, ',');
    if (Next(&item, '=') == name) on = item != "0";
  }
  return on;
}

// What DefaultMaxProcs reads: the cgroup, found on first use, and the
// tests' substitutes.
struct Source {
  Lock mu{LockRank::kCgroup};  // taken with no other lock held
  bool found ABSL_GUARDED_BY(mu) = false;
  std::optional<CpuCgroup> cgroup ABSL_GUARDED_BY(mu);
  std::string root ABSL_GUARDED_BY(mu);
  int ncpu ABSL_GUARDED_BY(mu) = 0;  // 0: AffinityCpus()
};

Source& TheSource() {
  static Source* s = new Source;  // never destroyed: the monitor reads it
  return *s;
}

}  // namespace

Membership ParseProcCgroup(std::string_view contents) {
  Membership v2;
  while (!contents.empty()) {
    std::string_view line = Next(&contents, '\n');
    if (line.empty()) continue;
    const std::string_view id = Next(&line, ':');
    if (line.find(':') == std::string_view::npos) return Membership{};
    const std::string_view controllers = Next(&line, ':');
    if (id == "0") {
      v2 = Membership{Version::kV2, std::string(line)};
    } else if (ListHas(controllers, "cpu")) {
      return Membership{Version::kV1, std::string(line)};
    }
  }
  return v2;
}

std::optional<Mount> ParseMountInfo(std::string_view contents,
                                    Version version) {
  if (version == Version::kNone) return std::nullopt;
  while (!contents.empty()) {
    std::string_view line = Next(&contents, '\n');
    if (line.empty()) continue;
    // Fields: id, parent id, major:minor, root, mount point, options,
    // optional fields up to " - ", then type, source, super options.
    for (int i = 0; i < 3; ++i) Next(&line, ' ');
    const std::string_view root = Next(&line, ' ');
    const std::string_view point = Next(&line, ' ');
    const size_t sep = line.find(" - ");
    if (sep == std::string_view::npos) continue;
    line.remove_prefix(sep + 3);
    const std::string_view type = Next(&line, ' ');
    Next(&line, ' ');  // the source
    const std::string_view super_options = line;
    const bool match = version == Version::kV2
                           ? type == "cgroup2"
                           : type == "cgroup" && ListHas(super_options, "cpu");
    if (!match) continue;
    Mount m;
    if (!Unescape(root, &m.root) || !Unescape(point, &m.point)) {
      return std::nullopt;
    }
    return m;
  }
  return std::nullopt;
}

Limit ParseCpuMax(std::string_view contents) {
  std::string_view line = Next(&contents, '\n');
  const std::string_view quota = Next(&line, ' ');
  int64_t period = 0;
  if (!ParseInt(line, &period) || period <= 0) return Limit{};
  if (quota == "max") return Limit{.ok = true};
  int64_t q = 0;
  if (!ParseInt(quota, &q) || q <= 0) return Limit{};
  return Limit{.ok = true,
               .limited = true,
               .cpus = static_cast<double>(q) / static_cast<double>(period)};
}

Limit ParseCfs(std::string_view quota, std::string_view period) {
  int64_t q = 0;
  if (!ParseInt(Next(&quota, '\n'), &q)) return Limit{};
  if (q < 0) return Limit{.ok = true};  // -1: no limit
  int64_t p = 0;
  if (q == 0 || !ParseInt(Next(&period, '\n'), &p) || p <= 0) return Limit{};
  return Limit{.ok = true,
               .limited = true,
               .cpus = static_cast<double>(q) / static_cast<double>(p)};
}

int DefaultProcs(int ncpu, const Limit& limit) {
  if (!limit.limited) return ncpu;
  // Compared as a double: a huge quota must not overflow an int.
  const double cap = std::max(2.0, std::ceil(limit.cpus));
  return cap < ncpu ? static_cast<int>(cap) : ncpu;
}

std::optional<CpuCgroup> CpuCgroup::Find(const std::string& root) {
  const std::optional<std::string> self = ReadFile(root + "/proc/self/cgroup");
  if (!self) return std::nullopt;
  const Membership member = ParseProcCgroup(*self);
  if (member.version == Version::kNone) return std::nullopt;
  const std::optional<std::string> mountinfo =
      ReadFile(root + "/proc/self/mountinfo");
  if (!mountinfo) return std::nullopt;
  const std::optional<Mount> mount = ParseMountInfo(*mountinfo, member.version);
  if (!mount) return std::nullopt;
  // The path is relative to the hierarchy's root; the mount shows the
  // sub-tree at mount->root.
  std::string_view rel = member.path;
  std::string_view mroot = mount->root;
  while (!mroot.empty() && mroot.back() == '/') mroot.remove_suffix(1);
  if (rel.substr(0, mroot.size()) != mroot ||
      (rel.size() > mroot.size() && rel[mroot.size()] != '/')) {
    return std::nullopt;  // outside what the mount shows
  }
  rel.remove_prefix(mroot.size());
  while (!rel.empty() && rel.back() == '/') rel.remove_suffix(1);
  CpuCgroup c;
  c.version_ = member.version;
  std::string base = root + mount->point;
  while (!base.empty() && base.back() == '/') base.pop_back();
  for (;;) {
    c.dirs_.push_back(base + std::string(rel));
    if (rel.empty()) break;
    rel = rel.substr(0, rel.rfind('/'));
  }
  return c;
}

Limit CpuCgroup::ReadLimit() const {
  Limit out;
  for (const std::string& dir : dirs_) {
    const Limit l = ReadDirLimit(version_, dir);
    if (!l.ok) continue;
    out.ok = true;
    if (l.limited && (!out.limited || l.cpus < out.cpus)) {
      out.limited = true;
      out.cpus = l.cpus;
    }
  }
  return out;
}

int AffinityCpus() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
#endif
  const int n = static_cast<int>(std::thread::hardware_concurrency());
  return n > 0 ? n : 1;
}

int DefaultMaxProcs() {
  Source& s = TheSource();
  LockGuard l(&s.mu);
  const int ncpu = s.ncpu > 0 ? s.ncpu : AffinityCpus();
  if (!GodebugOn("containermaxprocs")) {
    return ncpu;
  }
  if (!s.found) {
    s.cgroup = CpuCgroup::Find(s.root);
    s.found = true;
  }
  if (!s.cgroup) return ncpu;
  return DefaultProcs(ncpu, s.cgroup->ReadLimit());
}

bool UpdateMaxProcsEnabled() {
  static const bool on = GodebugOn("updatemaxprocs");
  return on;
}

void SetDefaultMaxProcsSourceForTest(const std::string& root, int ncpu) {
  Source& s = TheSource();
  LockGuard l(&s.mu);
  s.root = root;
  s.ncpu = ncpu;
  s.found = false;
  s.cgroup.reset();
}

}  // namespace golang::internal::cgroup
