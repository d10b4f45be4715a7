"""sql_migrations: compiles numbered .sql files into a C++ library so each binary carries its schema."""

def sql_migrations(name, srcs, namespace):
    """Defines cc_library `name` (header `<name>.h`) with `std::vector<rect::Migration> <namespace>::Migrations()`.

    Args:
      name: the library's name.
      srcs: the NNN_description.sql files, in any order.
      namespace: C++ namespace for the generated function.
    """
    out = name + ".cc"
    header = name + ".h"
    lines = [
        "echo '#include \"services/common/migrations.h\"' > $@",
        "echo 'namespace %s {' >> $@" % namespace,
        "echo 'std::vector<rect::Migration> Migrations() {' >> $@",
        "echo '  std::vector<rect::Migration> result;' >> $@",
    ]
    for src in srcs:
        base = src.split("/")[-1]
        lines.append("echo '  result.push_back(rect::MakeMigration(\"%s\", R\"rect_sql(' >> $@" % base)
        lines.append("cat $(location %s) >> $@" % src)
        lines.append("echo ')rect_sql\").value());' >> $@")
    lines += [
        "echo '  return result;' >> $@",
        "echo '}' >> $@",
        "echo '}  // namespace %s' >> $@" % namespace,
    ]
    native.genrule(
        name = name + "_header",
        outs = [header],
        cmd = ("echo '#pragma once' > $@ && " +
               "echo '#include \"services/common/migrations.h\"' >> $@ && " +
               "echo 'namespace %s { std::vector<rect::Migration> Migrations(); }' >> $@" % namespace),
    )
    native.genrule(
        name = name + "_gen",
        srcs = srcs,
        outs = [out],
        cmd = " && ".join(lines),
    )
    native.cc_library(
        name = name,
        srcs = [out],
        hdrs = [header],
        deps = ["//services/common:migrations"],
    )
