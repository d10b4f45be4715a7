"""page_templates: compiles mustache files into a C++ library, so the gateway binary carries its pages."""

def page_templates(name, srcs, namespace):
    """Defines cc_library `name` (header `<name>.h`) with a function returning every template.

    `const std::map<std::string, std::string>& <namespace>::PageTemplates()` maps each file's
    name without directory and extension ("layout") to its text.

    Args:
      name: the library's name.
      srcs: the .mustache files.
      namespace: C++ namespace of the generated function.
    """
    lines = [
        "echo '#include <map>' > $@",
        "echo '#include <string>' >> $@",
        "echo 'namespace %s {' >> $@" % namespace,
        "echo 'const std::map<std::string, std::string>& PageTemplates() {' >> $@",
        "echo '  static const auto* const kTemplates = new std::map<std::string, std::string>{' >> $@",
    ]
    for src in srcs:
        stem = src.split("/")[-1].rsplit(".", 1)[0]
        lines.append("echo '    {\"%s\", R\"rect_template(' >> $@" % stem)
        lines.append("cat $(location %s) >> $@" % src)
        lines.append("echo ')rect_template\"},' >> $@")
    lines += [
        "echo '  };' >> $@",
        "echo '  return *kTemplates;' >> $@",
        "echo '}' >> $@",
        "echo '}  // namespace %s' >> $@" % namespace,
    ]
    native.genrule(
        name = name + "_header",
        outs = [name + ".h"],
        cmd = ("echo '#pragma once' > $@ && " +
               "echo '#include <map>' >> $@ && echo '#include <string>' >> $@ && " +
               "echo 'namespace %s { const std::map<std::string, std::string>& PageTemplates(); }' >> $@" % namespace),
    )
    native.genrule(
        name = name + "_gen",
        srcs = srcs,
        outs = [name + ".cc"],
        cmd = " && ".join(lines),
    )
    native.cc_library(
        name = name,
        srcs = [name + ".cc"],
        hdrs = [name + ".h"],
    )
