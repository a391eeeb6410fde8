# Installation and export: `cmake --install` puts the headers, the libraries
# and a CMake package under the prefix, so that consumers write
#
#   find_package(golang CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE golang::golang)   # or golang::chan, ...
#
# and `#include "chan/chan.h"`, the same include paths as in this repository.
#
# Layout under the prefix:
#   include/golang/{runtime,chan,time,sync,context}/...h   (internal/ included:
#                                  public headers include their internal/ ones)
#   lib/libgolang_*.a
#   lib/cmake/golang/golang{Config,ConfigVersion,Targets*}.cmake
# The headers live under include/golang/ rather than include/ so that generic
# folder names (time/, sync/, context/) do not land in /usr/local/include; the
# exported targets carry include/golang as their include directory.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(GOLANG_INSTALL "Generate golang's install rules" ${GOLANG_IS_TOP})
if(NOT GOLANG_INSTALL)
  return()
endif()

set(GOLANG_INSTALL_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}/golang")
set(GOLANG_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/golang")

# The exported targets: every library that exists, exported as golang::<name>.
set(_golang_export_targets "")
foreach(_pkg runtime chan time sync context)
  if(TARGET golang_${_pkg})
    list(APPEND _golang_export_targets golang_${_pkg})
    # Each package's CMakeLists sets EXPORT_NAME; default it for the others.
    get_target_property(_name golang_${_pkg} EXPORT_NAME)
    if(NOT _name)
      set_target_properties(golang_${_pkg} PROPERTIES EXPORT_NAME ${_pkg})
    endif()
  endif()
endforeach()
list(APPEND _golang_export_targets golang)  # golang::golang, the umbrella

# Each package's CMakeLists follows this pattern:
#   target_include_directories(golang_<pkg> PUBLIC
#     $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
#   target_link_libraries(golang_<pkg> PUBLIC ...
#     PRIVATE $<BUILD_INTERFACE:golang_options>)
# golang_options (warnings) and golang_test_main are internal and must not be
# exported; linked plainly PRIVATE into a static library, golang_options would
# still be named in the export as $<LINK_ONLY:golang_options>. The installed
# include directory (include/golang) comes from install(TARGETS) below.
# This loop is a safety net for a CMakeLists that strays from the pattern:
# it drops $<INSTALL_INTERFACE:include> and wraps a plain golang_options.
foreach(_target IN LISTS _golang_export_targets)
  get_target_property(_dirs ${_target} INTERFACE_INCLUDE_DIRECTORIES)
  if(_dirs)
    list(REMOVE_ITEM _dirs "$<INSTALL_INTERFACE:include>")
    set_property(TARGET ${_target} PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${_dirs}")
  endif()
  get_target_property(_libs ${_target} INTERFACE_LINK_LIBRARIES)
  if(NOT _libs)
    continue()
  endif()
  set(_fixed "")
  foreach(_lib IN LISTS _libs)
    if(_lib STREQUAL "golang_options")
      set(_lib "$<BUILD_INTERFACE:golang_options>")
    elseif(_lib STREQUAL "$<LINK_ONLY:golang_options>")
      set(_lib "$<LINK_ONLY:$<BUILD_INTERFACE:golang_options>>")
    endif()
    list(APPEND _fixed "${_lib}")
  endforeach()
  set_property(TARGET ${_target} PROPERTY INTERFACE_LINK_LIBRARIES "${_fixed}")
endforeach()

install(TARGETS ${_golang_export_targets}
  EXPORT golangTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${GOLANG_INSTALL_INCLUDEDIR})

foreach(_pkg runtime chan time sync context)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${_pkg}/
    DESTINATION ${GOLANG_INSTALL_INCLUDEDIR}/${_pkg}
    FILES_MATCHING PATTERN "*.h")
endforeach()

install(EXPORT golangTargets
  NAMESPACE golang::
  DESTINATION ${GOLANG_INSTALL_CMAKEDIR})

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/golangConfig.cmake.in
  ${PROJECT_BINARY_DIR}/golangConfig.cmake
  INSTALL_DESTINATION ${GOLANG_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API, so only the same minor matches.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/golangConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/golangConfig.cmake
  ${PROJECT_BINARY_DIR}/golangConfigVersion.cmake
  DESTINATION ${GOLANG_INSTALL_CMAKEDIR})
