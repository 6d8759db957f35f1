# `cmake --install BUILD [--prefix P]`: the `model` executable, and the runtime of generated C++
# accessors as the CMake package ModelRuntime (docs/codegen.md), used by another project as
#
#   find_package(ModelRuntime CONFIG REQUIRED)        # CMAKE_PREFIX_PATH=P
#   target_link_libraries(app PRIVATE <generated library> ModelRuntime::sim)
#
# Targets: ModelRuntime::core (model_runtime: values, decimal, keys, the Backend interface and
# the table client; no SQLite, no HTTP), ModelRuntime::sim (SimBackend: the simulated table,
# SQLite) and ModelRuntime::http (HttpBackend: DynamoDB's JSON 1.0 over HTTP(S), libcurl). The
# static libraries they are made of are installed with them, under lib/model-runtime; headers
# keep their source paths under include/model-runtime (`#include "codegen/runtime/runtime.h"`).
# tests/install/install_test.cmake installs into a temporary prefix and builds samples/hr/app
# against it.
include(CMakePackageConfigHelpers)

set_target_properties(model_runtime PROPERTIES EXPORT_NAME core)
set_target_properties(model_runtime_sim PROPERTIES EXPORT_NAME sim)
set_target_properties(model_runtime_http PROPERTIES EXPORT_NAME http)

# The three runtime libraries and every project library they link, public or private (a static
# library's private dependencies are linked by its user).
set(MODEL_RUNTIME_EXPORTED
    model_runtime model_runtime_sim model_runtime_http
    model_exec model_ir model_base model_keys
    sim_api sim_expr sim_storage sim_engine sim_json sim_http)

# A sanitizer build's libraries (MODEL_SANITIZE=ON) call into the ASan and UBSan runtimes, so
# whatever links them, here or through the installed package, links with -fsanitize too.
if(MODEL_SANITIZE)
  target_link_options(model_runtime INTERFACE -fsanitize=address,undefined)
endif()

install(TARGETS model RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${MODEL_RUNTIME_EXPORTED}
        EXPORT ModelRuntimeTargets
        ARCHIVE DESTINATION ${MODEL_INSTALL_LIBDIR})

# The headers the runtime's public headers include, at their source paths: the runtime, the IR
# (model/*.h), base, keys, exec and the data-plane interface (sim/api). The install test checks
# that every installed header's project includes are installed too.
foreach(folder codegen/runtime codegen/runtime/sim codegen/runtime/http model model/base model/keys
               model/exec model/sim/api)
  file(GLOB headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${folder}/*.h
       ${PROJECT_SOURCE_DIR}/${folder}/*.def)
  install(FILES ${headers} DESTINATION ${MODEL_INSTALL_INCLUDEDIR}/${folder})
endforeach()

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/ModelRuntime)
install(EXPORT ModelRuntimeTargets NAMESPACE ModelRuntime:: DESTINATION ${config_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/ModelRuntimeConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/ModelRuntimeConfig.cmake
                              INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ModelRuntimeConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ModelRuntimeConfig.cmake
              ${PROJECT_BINARY_DIR}/ModelRuntimeConfigVersion.cmake
        DESTINATION ${config_dir})
