#pragma once

namespace distlab {

// The commit this build was made from (`git describe --always --dirty`), or "unknown" when the
// sources were not a git checkout. Defined in a source generated at build time
// (cmake/DistlabBuildInfo.cmake).
const char* build_commit();

}  // namespace distlab
