// golang-cpp internal: NOT API.
//
// cgroup.h: the default GOMAXPROCS of Go 1.25 (golang/go#73193,
// src/runtime/cgroup_linux.go, src/internal/runtime/cgroup): the number of
// CPUs this process may run on, lowered to the CPU bandwidth limit of its
// cgroup, and re-read while the program runs so that a container whose
// limit changes gets a GOMAXPROCS to match.
//
// The rule, as Go's: a limit is quota / period CPUs (cgroup v2's cpu.max,
// "<quota> <period>" or "max <period>"; v1's cpu.cfs_quota_us, -1 for none,
// and cpu.cfs_period_us); it is rounded up to a whole CPU and raised to 2 if
// it is below 2 (a program limited to half a CPU still gets two Ps, so that
// one goroutine blocked in the kernel does not stall the rest), and the
// default is the smaller of that and the CPUs in the affinity mask.
//
// Finding the cgroup, as Go does: /proc/self/cgroup names it (a v1
// hierarchy whose controllers include "cpu" wins over the v2 line,
// "0::<path>"), and /proc/self/mountinfo says where that hierarchy is
// mounted. Beyond Go: Go reads the limit of the leaf cgroup only; here the
// limit is the smallest of the leaf's and every ancestor's that the mount
// shows, since a parent's tighter limit is the one in force. Files that are
// absent at a level (the root cgroup has no cpu.max) are skipped there.
//
// Everything that parses takes the file's contents as a string, and the
// reader takes a root directory under which /proc/self/... and the cgroup
// tree are looked up, so tests run on fake trees (tests/runtime/
// cgroup_test.cc).
#ifndef GOLANG_RUNTIME_INTERNAL_CGROUP_H_
#define GOLANG_RUNTIME_INTERNAL_CGROUP_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace golang::internal::cgroup {

enum class Version { kNone, kV1, kV2 };

// The cgroup of the CPU controller, from the contents of /proc/self/cgroup:
// the path of the first v1 line whose controller list holds "cpu", else of
// the v2 line ("0::"); kNone if there is neither or a line is malformed.
struct Membership {
  Version version = Version::kNone;
  std::string path;  // relative to the hierarchy's root, starting with '/'
};
[[nodiscard]] Membership ParseProcCgroup(std::string_view contents);

// Where a hierarchy is mounted, from the contents of /proc/self/mountinfo:
// for kV2 the first cgroup2 mount, for kV1 the first cgroup mount whose
// super options hold "cpu". Paths are unescaped (the kernel writes a space
// as \040). `root` is the directory of the hierarchy that the mount shows
// (field 4: "/" unless the mount is of a sub-tree, as in a container
// without a cgroup namespace).
struct Mount {
  std::string root;
  std::string point;
};
[[nodiscard]] std::optional<Mount> ParseMountInfo(std::string_view contents,
                                                  Version version);

// A CPU bandwidth limit in CPUs, quota / period.
struct Limit {
  bool ok = false;       // the file(s) parsed
  bool limited = false;  // ok, and a limit is set
  double cpus = 0;       // the limit, if limited
};
// v2: the contents of cpu.max ("150000 100000\n", "max 100000\n").
[[nodiscard]] Limit ParseCpuMax(std::string_view contents);
// v1: the contents of cpu.cfs_quota_us (-1: none) and cpu.cfs_period_us.
[[nodiscard]] Limit ParseCfs(std::string_view quota, std::string_view period);

// Go's rule: min(ncpu, max(2, ceil(limit))) if limited, else ncpu.
[[nodiscard]] int DefaultProcs(int ncpu, const Limit& limit);

// The CPU cgroup of this process, found once; its limit files are re-read
// on each ReadLimit.
class CpuCgroup {
 public:
  // Looks under `root` ("" for the real root): reads
  // <root>/proc/self/cgroup and <root>/proc/self/mountinfo, and the cgroup
  // directories are <root><mount point><path> and its ancestors up to the
  // mount point. Empty if the process is in no CPU cgroup or its cgroup is
  // outside what the mount shows.
  static std::optional<CpuCgroup> Find(const std::string& root);

  [[nodiscard]] Version version() const { return version_; }
  // The directories whose limits apply, the leaf first.
  [[nodiscard]] const std::vector<std::string>& dirs() const { return dirs_; }

  // The smallest limit among dirs(); limited == false if none is set, ok ==
  // false if no directory had a readable, well-formed limit.
  [[nodiscard]] Limit ReadLimit() const;

 private:
  Version version_ = Version::kNone;
  std::vector<std::string> dirs_;
};

// The CPUs in this process's affinity mask (hardware_concurrency where
// there is none), at least 1.
[[nodiscard]] int AffinityCpus();

// The default GOMAXPROCS now: AffinityCpus() lowered to the cgroup limit,
// unless GODEBUG has containermaxprocs=0. The cgroup is found on the first
// call.
[[nodiscard]] int DefaultMaxProcs();

// Whether the default is re-read while the program runs (GODEBUG
// updatemaxprocs=0 turns that off, as in Go).
[[nodiscard]] bool UpdateMaxProcsEnabled();

// For tests: DefaultMaxProcs reads the cgroup under `root` from now on, and
// takes `ncpu` for the affinity count (0: the real one). An empty root
// restores the real tree.
void SetDefaultMaxProcsSourceForTest(const std::string& root, int ncpu);

}  // namespace golang::internal::cgroup

#endif  // GOLANG_RUNTIME_INTERNAL_CGROUP_H_
