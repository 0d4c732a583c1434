block {
  name = "x"
  nested {
    value = [1, 2]
  }
}
