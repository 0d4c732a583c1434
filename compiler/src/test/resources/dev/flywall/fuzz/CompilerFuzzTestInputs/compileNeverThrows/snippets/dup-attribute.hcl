a = 1
a = 2
b { }
b "x" "y" { c = 1 }
