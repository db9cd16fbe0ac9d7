// A thread's name is what /proc shows for it, cut to Linux's 15 bytes.

#include "runtime/os/thread_name.h"

#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

namespace alert::os {
namespace {

std::string NameInProc() {
  std::ifstream comm("/proc/self/task/" + std::to_string(syscall(SYS_gettid)) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

TEST(ThreadName, TheThreadIsNamedAndALongNameIsCut) {
  std::string shown, cut;
  std::thread([&] {
    NameThisThread("alertd-work-7");
    shown = NameInProc();
    NameThisThread("a-name-longer-than-fifteen-bytes");
    cut = NameInProc();
  }).join();
  EXPECT_EQ(shown, "alertd-work-7");
  EXPECT_EQ(cut, "a-name-longer-t");
}

}  // namespace
}  // namespace alert::os
