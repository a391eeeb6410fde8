// Tests of the default GOMAXPROCS (runtime/internal/cgroup.h, Go 1.25's
// cgroup-aware GOMAXPROCS): the parsers on the files' real formats, the
// reader on fake cgroup trees (v1 and v2, nested limits, "max", absent
// files), Go's rounding rule, and the scheduler following the limit unless
// GOMAXPROCS was set by the environment or a call.
// Go: src/internal/runtime/cgroup/cgroup_linux_test.go,
// src/runtime/cgroup_linux_test.go (TestCgroupGOMAXPROCS*).
#include "runtime/internal/cgroup.h"

#include <stdlib.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "chan/chan.h"
#include "gtest/gtest.h"
#include "runtime/internal/sched.h"
#include "runtime/runtime.h"
#include "time/time.h"

namespace golang {
namespace {

namespace cgroup = internal::cgroup;
using cgroup::Limit;
using cgroup::Version;

// A hybrid host as systemd sets it up: v1 controllers, cpu among them, and
// the unified (v2) hierarchy beside them.
constexpr char kHybridCgroup[] =
    "12:pids:/user.slice\n"
    "4:cpu,cpuacct:/user.slice/app.service\n"
    "1:name=systemd:/user.slice/app.service\n"
    "0::/user.slice/app.service\n";

constexpr char kHybridMountinfo[] =
    "24 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs "
    "rw\n"
    "31 24 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs "
    "tmpfs ro,mode=755\n"
    "32 31 0:28 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime "
    "shared:10 - cgroup2 cgroup2 rw,nsdelegate\n"
    "36 31 0:32 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime "
    "shared:15 - cgroup cgroup rw,cpu,cpuacct\n";

TEST(CgroupTest, ProcCgroupV2) {
  const cgroup::Membership m =
      cgroup::ParseProcCgroup("0::/system.slice/app.service\n");
  EXPECT_EQ(m.version, Version::kV2);
  EXPECT_EQ(m.path, "/system.slice/app.service");
}

// A v1 hierarchy with the cpu controller wins over the v2 line, wherever
// the lines are (Go's rule).
TEST(CgroupTest, ProcCgroupV1CpuWins) {
  const cgroup::Membership m = cgroup::ParseProcCgroup(kHybridCgroup);
  EXPECT_EQ(m.version, Version::kV1);
  EXPECT_EQ(m.path, "/user.slice/app.service");
  const cgroup::Membership m2 =
      cgroup::ParseProcCgroup("0::/a\n3:cpuacct,cpu:/b\n");
  EXPECT_EQ(m2.version, Version::kV1);
  EXPECT_EQ(m2.path, "/b");
}

TEST(CgroupTest, ProcCgroupNone) {
  // "cpuacct" and "cpuset" are not "cpu"; no v2 line.
  EXPECT_EQ(cgroup::ParseProcCgroup("3:cpuacct:/\n2:cpuset:/\n").version,
            Version::kNone);
  EXPECT_EQ(cgroup::ParseProcCgroup("").version, Version::kNone);
  EXPECT_EQ(cgroup::ParseProcCgroup("0::/a\ngarbage\n").version,
            Version::kNone);
  // A path may hold ':' (only the first two separate fields).
  const cgroup::Membership m = cgroup::ParseProcCgroup("0::/a:b\n");
  EXPECT_EQ(m.version, Version::kV2);
  EXPECT_EQ(m.path, "/a:b");
}

TEST(CgroupTest, MountInfo) {
  const auto v1 = cgroup::ParseMountInfo(kHybridMountinfo, Version::kV1);
  ASSERT_TRUE(v1.has_value());
  EXPECT_EQ(v1->point, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(v1->root, "/");
  const auto v2 = cgroup::ParseMountInfo(kHybridMountinfo, Version::kV2);
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->point, "/sys/fs/cgroup/unified");
  // No optional fields, an escaped space, a sub-tree as the mount's root.
  const auto esc = cgroup::ParseMountInfo(
      "40 31 0:35 /docker/abc /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n",
      Version::kV2);
  ASSERT_TRUE(esc.has_value());
  EXPECT_EQ(esc->point, "/sys/fs/my cgroup");
  EXPECT_EQ(esc->root, "/docker/abc");
  EXPECT_FALSE(
      cgroup::ParseMountInfo("24 30 0:22 / /sys rw shared:7 - sysfs sysfs rw\n",
                             Version::kV2)
          .has_value());
}

TEST(CgroupTest, CpuMax) {
  const Limit l = cgroup::ParseCpuMax("150000 100000\n");
  EXPECT_TRUE(l.ok);
  EXPECT_TRUE(l.limited);
  EXPECT_DOUBLE_EQ(l.cpus, 1.5);
  const Limit max = cgroup::ParseCpuMax("max 100000\n");
  EXPECT_TRUE(max.ok);
  EXPECT_FALSE(max.limited);
  EXPECT_FALSE(cgroup::ParseCpuMax("").ok);
  EXPECT_FALSE(cgroup::ParseCpuMax("150000\n").ok);
  EXPECT_FALSE(cgroup::ParseCpuMax("x 100000\n").ok);
  EXPECT_FALSE(cgroup::ParseCpuMax("150000 0\n").ok);
}

TEST(CgroupTest, Cfs) {
  const Limit l = cgroup::ParseCfs("250000\n", "100000\n");
  EXPECT_TRUE(l.limited);
  EXPECT_DOUBLE_EQ(l.cpus, 2.5);
  const Limit none = cgroup::ParseCfs("-1\n", "100000\n");
  EXPECT_TRUE(none.ok);
  EXPECT_FALSE(none.limited);
  EXPECT_FALSE(cgroup::ParseCfs("abc\n", "100000\n").ok);
  EXPECT_FALSE(cgroup::ParseCfs("250000\n", "\n").ok);
}

// Go: defaultGOMAXPROCS: min(CPUs, max(2, ceil(quota/period))).
TEST(CgroupTest, DefaultProcsRule) {
  auto limit = [](double cpus) {
    return Limit{.ok = true, .limited = true, .cpus = cpus};
  };
  EXPECT_EQ(cgroup::DefaultProcs(8, Limit{.ok = true}), 8);
  EXPECT_EQ(cgroup::DefaultProcs(8, Limit{}), 8);
  EXPECT_EQ(cgroup::DefaultProcs(8, limit(3)), 3);
  EXPECT_EQ(cgroup::DefaultProcs(8, limit(2.1)), 3);  // rounded up
  EXPECT_EQ(cgroup::DefaultProcs(8, limit(1.5)), 2);  // at least 2
  EXPECT_EQ(cgroup::DefaultProcs(8, limit(0.01)), 2);
  EXPECT_EQ(cgroup::DefaultProcs(1, limit(0.5)), 1);  // never above the CPUs
  EXPECT_EQ(cgroup::DefaultProcs(4, limit(6)), 4);
  EXPECT_EQ(cgroup::DefaultProcs(4, limit(1e30)), 4);
}

// A fake root: <dir>/proc/self/{cgroup,mountinfo} and a cgroup tree.
class FakeRoot {
 public:
  FakeRoot() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "cgroup_test.XXXXXX")
            .string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  FakeRoot(const FakeRoot&) = delete;
  FakeRoot& operator=(const FakeRoot&) = delete;
  ~FakeRoot() { std::filesystem::remove_all(dir_); }

  const std::string& dir() const { return dir_; }

  void Write(const std::string& path, const std::string& contents) const {
    const std::filesystem::path p = dir_ + path;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << contents;
  }

  // A v2 process in `path`, the hierarchy mounted at /sys/fs/cgroup.
  void V2(const std::string& path) const {
    Write("/proc/self/cgroup", "0::" + path + "\n");
    Write("/proc/self/mountinfo",
          "30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 "
          "rw,nsdelegate\n");
  }

 private:
  std::string dir_;
};

TEST(CgroupTest, FakeTreeV2NestedTakesSmallest) {
  FakeRoot root;
  root.V2("/a/b");
  // The leaf has no limit, its parent has 3 CPUs, the root no cpu.max.
  root.Write("/sys/fs/cgroup/a/b/cpu.max", "max 100000\n");
  root.Write("/sys/fs/cgroup/a/cpu.max", "300000 100000\n");
  const auto c = cgroup::CpuCgroup::Find(root.dir());
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->version(), Version::kV2);
  ASSERT_EQ(c->dirs().size(), 3u);
  EXPECT_EQ(c->dirs()[0], root.dir() + "/sys/fs/cgroup/a/b");
  EXPECT_EQ(c->dirs()[2], root.dir() + "/sys/fs/cgroup");
  Limit l = c->ReadLimit();
  EXPECT_TRUE(l.limited);
  EXPECT_DOUBLE_EQ(l.cpus, 3);
  // The leaf's tighter limit wins; re-read, not cached.
  root.Write("/sys/fs/cgroup/a/b/cpu.max", "250000 100000\n");
  l = c->ReadLimit();
  EXPECT_DOUBLE_EQ(l.cpus, 2.5);
  EXPECT_EQ(cgroup::DefaultProcs(8, l), 3);
}

TEST(CgroupTest, FakeTreeV2Unlimited) {
  FakeRoot root;
  root.V2("/a");
  root.Write("/sys/fs/cgroup/a/cpu.max", "max 100000\n");
  const auto c = cgroup::CpuCgroup::Find(root.dir());
  ASSERT_TRUE(c.has_value());
  const Limit l = c->ReadLimit();
  EXPECT_TRUE(l.ok);
  EXPECT_FALSE(l.limited);
  EXPECT_EQ(cgroup::DefaultProcs(8, l), 8);
}

// No limit file anywhere (the controller not enabled for the cgroup):
// nothing limits.
TEST(CgroupTest, FakeTreeAbsentFiles) {
  FakeRoot root;
  root.V2("/a/b");
  root.Write("/sys/fs/cgroup/a/b/cgroup.procs", "1\n");
  const auto c = cgroup::CpuCgroup::Find(root.dir());
  ASSERT_TRUE(c.has_value());
  const Limit l = c->ReadLimit();
  EXPECT_FALSE(l.ok);
  EXPECT_FALSE(l.limited);
  EXPECT_EQ(cgroup::DefaultProcs(8, l), 8);
}

TEST(CgroupTest, FakeTreeNoCgroupFiles) {
  FakeRoot root;
  EXPECT_FALSE(cgroup::CpuCgroup::Find(root.dir()).has_value());
  // A cgroup file, but no mount of its hierarchy.
  root.Write("/proc/self/cgroup", "0::/a\n");
  root.Write("/proc/self/mountinfo",
             "24 30 0:22 / /sys rw shared:7 - sysfs sysfs rw\n");
  EXPECT_FALSE(cgroup::CpuCgroup::Find(root.dir()).has_value());
}

TEST(CgroupTest, FakeTreeV1) {
  FakeRoot root;
  root.Write("/proc/self/cgroup", kHybridCgroup);
  root.Write("/proc/self/mountinfo", kHybridMountinfo);
  const std::string leaf = "/sys/fs/cgroup/cpu,cpuacct/user.slice/app.service";
  root.Write(leaf + "/cpu.cfs_quota_us", "-1\n");
  root.Write(leaf + "/cpu.cfs_period_us", "100000\n");
  root.Write("/sys/fs/cgroup/cpu,cpuacct/user.slice/cpu.cfs_quota_us",
             "450000\n");
  root.Write("/sys/fs/cgroup/cpu,cpuacct/user.slice/cpu.cfs_period_us",
             "100000\n");
  // The v2 tree's limit is not the one that applies.
  root.Write("/sys/fs/cgroup/unified/user.slice/app.service/cpu.max",
             "100000 100000\n");
  const auto c = cgroup::CpuCgroup::Find(root.dir());
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->version(), Version::kV1);
  const Limit l = c->ReadLimit();
  EXPECT_TRUE(l.limited);
  EXPECT_DOUBLE_EQ(l.cpus, 4.5);
  EXPECT_EQ(cgroup::DefaultProcs(16, l), 5);
}

// A container without a cgroup namespace on a v1 host: /proc/self/cgroup
// names the host's path, and the mount shows that sub-tree as its root.
TEST(CgroupTest, FakeTreeV1MountOfSubtree) {
  FakeRoot root;
  root.Write("/proc/self/cgroup", "5:cpu,cpuacct:/docker/abc\n0::/\n");
  root.Write("/proc/self/mountinfo",
             "700 690 0:32 /docker/abc /sys/fs/cgroup/cpu rw - cgroup cgroup "
             "rw,cpu,cpuacct\n");
  root.Write("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "200000\n");
  root.Write("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n");
  const auto c = cgroup::CpuCgroup::Find(root.dir());
  ASSERT_TRUE(c.has_value());
  ASSERT_EQ(c->dirs().size(), 1u);
  EXPECT_EQ(c->dirs()[0], root.dir() + "/sys/fs/cgroup/cpu");
  EXPECT_DOUBLE_EQ(c->ReadLimit().cpus, 2);
  // A cgroup outside the mounted sub-tree is not visible.
  root.Write("/proc/self/cgroup", "5:cpu,cpuacct:/other\n");
  EXPECT_FALSE(cgroup::CpuCgroup::Find(root.dir()).has_value());
}

// The host this runs on: whatever its cgroups, the default is within
// [1, CPUs] (and what GOMAXPROCS started at unless the environment set it).
TEST(CgroupTest, RealDefaultWithinCpus) {
  const int d = cgroup::DefaultMaxProcs();
  EXPECT_GE(d, 1);
  EXPECT_LE(d, cgroup::AffinityCpus());
}

// Restores the real source and GOMAXPROCS after a test that faked them.
class FakeSource {
 public:
  FakeSource(const std::string& root, int ncpu)
      : procs_(runtime::GOMAXPROCS(0)) {
    cgroup::SetDefaultMaxProcsSourceForTest(root, ncpu);
  }
  FakeSource(const FakeSource&) = delete;
  FakeSource& operator=(const FakeSource&) = delete;
  ~FakeSource() {
    cgroup::SetDefaultMaxProcsSourceForTest("", 0);
    runtime::GOMAXPROCS(procs_);
  }

 private:
  int procs_;
};

// Waits until GOMAXPROCS is `want`; false after 10 s. The waiting is a
// goroutine's: the monitor re-reads the default only while goroutines run
// (a goroutine waking from Sleep takes a P, which wakes the monitor).
bool AwaitProcs(int want) {
  chan<bool> done = make_chan<bool>(1);
  go([want, done] {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (runtime::GOMAXPROCS(0) != want) {
      if (std::chrono::steady_clock::now() > deadline) {
        done.send(false);
        return;
      }
      time::Sleep(2 * time::Millisecond);
    }
    done.send(true);
  });
  return done.recv();
}

// Go: TestCgroupGOMAXPROCSDynamic — the monitor follows a changed limit.
TEST(CgroupTest, SchedulerFollowsLimit) {
  FakeRoot root;
  root.V2("/app");
  root.Write("/sys/fs/cgroup/app/cpu.max", "300000 100000\n");
  FakeSource source(root.dir(), 8);
  runtime::SetDefaultGOMAXPROCS();
  EXPECT_EQ(runtime::GOMAXPROCS(0), 3);
  root.Write("/sys/fs/cgroup/app/cpu.max", "500000 100000\n");
  EXPECT_TRUE(AwaitProcs(5)) << runtime::GOMAXPROCS(0);
  root.Write("/sys/fs/cgroup/app/cpu.max", "max 100000\n");
  EXPECT_TRUE(AwaitProcs(8)) << runtime::GOMAXPROCS(0);
}

// Go: TestCgroupGOMAXPROCSSetDefault / a GOMAXPROCS(n) call: once the user
// sets GOMAXPROCS, the default is no longer applied; SetDefaultGOMAXPROCS
// brings it back.
TEST(CgroupTest, ExplicitSettingStopsUpdates) {
  FakeRoot root;
  root.V2("/app");
  root.Write("/sys/fs/cgroup/app/cpu.max", "300000 100000\n");
  FakeSource source(root.dir(), 8);
  runtime::SetDefaultGOMAXPROCS();
  EXPECT_EQ(runtime::GOMAXPROCS(0), 3);
  runtime::GOMAXPROCS(4);
  root.Write("/sys/fs/cgroup/app/cpu.max", "600000 100000\n");
  internal::UpdateDefaultMaxProcs();  // what the monitor calls each second
  EXPECT_EQ(runtime::GOMAXPROCS(0), 4);
  runtime::SetDefaultGOMAXPROCS();
  EXPECT_EQ(runtime::GOMAXPROCS(0), 6);
  root.Write("/sys/fs/cgroup/app/cpu.max", "700000 100000\n");
  internal::UpdateDefaultMaxProcs();
  EXPECT_EQ(runtime::GOMAXPROCS(0), 7);
}

// Runs `check` in a child process (a death test) with `var` set to `value`
// in its environment from the start.
template <class F>
void InChildWithEnv(const char* var, const char* value, F check) {
  const char* old = std::getenv(var);
  const std::string saved = old != nullptr ? old : "";
  setenv(var, value, 1);
  EXPECT_EXIT(
      {
        check();
        std::exit(0);
      },
      testing::ExitedWithCode(0), "");
  if (old != nullptr) {
    setenv(var, saved.c_str(), 1);
  } else {
    unsetenv(var);
  }
}

// Go: TestCgroupGOMAXPROCSEnv — GOMAXPROCS in the environment is the
// user's setting: the default is not applied.
TEST(CgroupDeathTest, EnvironmentStopsUpdates) {
  InChildWithEnv("GOMAXPROCS", "3", [] {
    if (runtime::GOMAXPROCS(0) != 3) std::exit(1);
    FakeRoot root;
    root.V2("/app");
    root.Write("/sys/fs/cgroup/app/cpu.max", "500000 100000\n");
    cgroup::SetDefaultMaxProcsSourceForTest(root.dir(), 8);
    internal::UpdateDefaultMaxProcs();
    if (runtime::GOMAXPROCS(0) != 3) std::exit(2);
    runtime::SetDefaultGOMAXPROCS();  // ignores the environment
    if (runtime::GOMAXPROCS(0) != 5) std::exit(3);
  });
}

// GODEBUG=containermaxprocs=0 ignores the limit; updatemaxprocs=0 stops the
// monitor's re-reading (Go's settings).
TEST(CgroupDeathTest, Godebug) {
  InChildWithEnv("GODEBUG", "updatemaxprocs=1,containermaxprocs=0", [] {
    FakeRoot root;
    root.V2("/app");
    root.Write("/sys/fs/cgroup/app/cpu.max", "300000 100000\n");
    cgroup::SetDefaultMaxProcsSourceForTest(root.dir(), 8);
    if (cgroup::DefaultMaxProcs() != 8) std::exit(1);
    if (!cgroup::UpdateMaxProcsEnabled()) std::exit(2);
  });
  InChildWithEnv("GODEBUG", "updatemaxprocs=0", [] {
    if (cgroup::UpdateMaxProcsEnabled()) std::exit(1);
  });
}

}  // namespace
}  // namespace golang
