a = "x${"y${"z"}"}%{for v in [1, 2]}${v}%{endfor}$${literal}%%{literal}"
b = "${~ " t " ~}"
