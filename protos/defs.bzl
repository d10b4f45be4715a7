"""grpc_cc_library: C++ messages and gRPC stubs from .proto files, using the system protoc."""

def grpc_cc_library(name, srcs, deps = [], visibility = ["//visibility:public"]):
    """Generates <x>.pb.{h,cc} and <x>.grpc.pb.{h,cc} for each src and wraps them in a cc_library.

    Args:
      name: the cc_library's name; `<name>_proto` names the .proto files for dependants.
      srcs: .proto files in this package (paths may include sub-directories).
      deps: other grpc_cc_library targets whose .proto files these import.
      visibility: visibility of the generated targets.
    """
    native.filegroup(name = name + "_proto", srcs = srcs + [d + "_proto" for d in deps], visibility = visibility)
    stems = [s[:-len(".proto")] for s in srcs]
    headers = [s + ".pb.h" for s in stems] + [s + ".grpc.pb.h" for s in stems]
    sources = [s + ".pb.cc" for s in stems] + [s + ".grpc.pb.cc" for s in stems]
    native.genrule(
        name = name + "_gen",
        srcs = srcs + [d + "_proto" for d in deps],
        outs = headers + sources,
        cmd = ("protoc -I. --cpp_out=$(GENDIR) --grpc_out=$(GENDIR) " +
               "--plugin=protoc-gen-grpc=$$(command -v grpc_cpp_plugin) " +
               " ".join(["$(location %s)" % s for s in srcs])),
    )
    native.cc_library(
        name = name,
        srcs = sources,
        hdrs = headers,
        deps = deps + ["@system//:grpc"],
        visibility = visibility,
    )
