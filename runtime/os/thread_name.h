#pragma once

// Names the calling thread, as `top -H`, `ps -L` and perf show it (Linux
// keeps 15 bytes; a longer name is cut).

#include <pthread.h>

#include <string>

namespace alert::os {

inline void NameThisThread(std::string name) {
  if (name.size() > 15) name.resize(15);
  pthread_setname_np(pthread_self(), name.c_str());
}

}  // namespace alert::os
