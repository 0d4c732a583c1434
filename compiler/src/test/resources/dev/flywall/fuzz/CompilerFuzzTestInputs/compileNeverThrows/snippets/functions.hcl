a = [env("X"), file("/x"), cidrsubnet("10.0.0.0/8", 8, 2), join(",", ["a", "b"]), format("%05d", 42), lookup({a = 1}, "b", 0)]
