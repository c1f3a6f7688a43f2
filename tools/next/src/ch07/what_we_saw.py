gu.report("TODO")
