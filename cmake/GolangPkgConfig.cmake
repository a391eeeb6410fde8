# Run by `cmake --install` (install(CODE) in GolangInstall.cmake): writes
# golang.pc and golang-nomain.pc for the prefix being installed to, which
# `cmake --install --prefix` may choose after configuring. DESTDIR is not
# part of it: a staged install (a Debian package's) names the final prefix.
#
# In: CMAKE_INSTALL_PREFIX (the install's), GOLANG_PC_SOURCE_DIR (the .pc.in
# files), GOLANG_PC_BINARY_DIR (where the .pc files go before they are
# installed), GOLANG_PC_LIBDIR and GOLANG_PC_INCLUDEDIR (GNUInstallDirs',
# relative to the prefix or absolute), GOLANG_PC_CONFIG (the build type the
# main object was installed for) and GOLANG_PC_VERSION.
# A relative --prefix is relative to the working directory, as the install's
# own destinations are (in script mode the current source directory is it).
get_filename_component(GOLANG_PC_PREFIX "${CMAKE_INSTALL_PREFIX}" ABSOLUTE)
foreach(_dir LIBDIR INCLUDEDIR)
  if(NOT IS_ABSOLUTE "${GOLANG_PC_${_dir}}")
    set(GOLANG_PC_${_dir} "\${prefix}/${GOLANG_PC_${_dir}}")
  endif()
endforeach()
foreach(_pc golang golang-nomain)
  configure_file("${GOLANG_PC_SOURCE_DIR}/${_pc}.pc.in"
                 "${GOLANG_PC_BINARY_DIR}/${_pc}.pc" @ONLY)
endforeach()
