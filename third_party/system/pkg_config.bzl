"""Describes Debian's system libraries as Bazel targets in an @system repository.

Link and compile flags come from pkg-config when the workspace loads, so BUILD files
say deps = ["@system//:grpc"] and never spell out link lines by hand.
"""

# target name -> pkg-config modules (or, when prefixed with "-l", plain linker flags)
_LIBRARIES = {
    "absl": [
        "absl_flags_parse",
        "absl_flags",
        "absl_flags_usage",
        "absl_flags_marshalling",
        "absl_status",
        "absl_statusor",
        "absl_strings",
        "absl_str_format_internal",
        "absl_synchronization",
        "absl_time",
        "absl_time_zone",
        "absl_random_random",
        "absl_hash",
        "absl_raw_hash_set",
        "absl_civil_time",
    ],
    "grpc": ["grpc++", "protobuf"],
    "protobuf": ["protobuf"],
    "pqxx": ["libpqxx", "libpq"],
    "prometheus": ["prometheus-cpp-pull", "prometheus-cpp-core"],
    "ssl": ["openssl"],
    "gtest": ["gtest", "gmock"],
    "gtest_main": ["gtest_main", "gmock", "gtest"],
    "benchmark": ["benchmark"],
    "boost": ["-lboost_url", "-lboost_json", "-lpthread"],
}

def _flags(ctx, args):
    result = ctx.execute(["pkg-config"] + args)
    if result.return_code != 0:
        fail("pkg-config %s failed (run deploy/setup.sh first): %s" % (" ".join(args), result.stderr))
    return [f for f in result.stdout.strip().split(" ") if f]

def _system_libraries_impl(ctx):
    lines = ['package(default_visibility = ["//visibility:public"])', ""]
    for name, modules in _LIBRARIES.items():
        packages = [m for m in modules if not m.startswith("-")]
        linkopts = [m for m in modules if m.startswith("-")]
        defines = []
        if packages:
            linkopts = _flags(ctx, ["--libs"] + packages) + linkopts
            for flag in _flags(ctx, ["--cflags"] + packages):
                if flag.startswith("-D") and flag[2:] not in defines:
                    defines.append(flag[2:])
        lines.append("cc_library(")
        lines.append("    name = %r," % name)
        lines.append("    linkopts = %r," % linkopts)
        lines.append("    defines = %r," % defines)
        lines.append(")")
        lines.append("")

    # Header-only libraries installed under /usr/include need no flags; these targets
    # only document the dependency.
    for name in ["nlohmann_json", "mustache", "cpp_jwt"]:
        lines.append("cc_library(name = %r)" % name)
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % ctx.name)
    ctx.file("BUILD.bazel", "\n".join(lines) + "\n")

system_libraries = repository_rule(
    implementation = _system_libraries_impl,
    local = True,
    environ = ["PKG_CONFIG_PATH"],
)
