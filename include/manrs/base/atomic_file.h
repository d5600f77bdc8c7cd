// Writing a file so that a reader (a router loading a filter, a daemon
// opening its database) sees the old content or the new, never a part, and a
// crash right after the call does not lose the new content.
#ifndef MANRS_BASE_ATOMIC_FILE_H_
#define MANRS_BASE_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "manrs/base/result.h"

namespace manrs {

// Replaces the content of path with content: writes a temporary file in the
// same directory, fsyncs it, renames it over the target and fsyncs the
// directory. A symbolic link is followed to the file it names (the link
// stays; a dangling link's target is created); an existing target keeps its
// permission bits, a new one gets 0666 less the umask. Refuses (kIo, naming
// path) a target that exists and is not a regular file (a directory, a
// device, a FIFO) and leaves nothing behind when it fails.
// REQUIRES: the directory of the target exists.
Status WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace manrs

#endif  // MANRS_BASE_ATOMIC_FILE_H_
