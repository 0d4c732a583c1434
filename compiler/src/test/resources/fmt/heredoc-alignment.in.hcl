block {
  name = "x"
  policy = <<EOF
{ "a": 1 }
EOF
  role = "r"

  after_blank = 1
}
