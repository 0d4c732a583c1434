# Block shapes: single blocks stay objects, repeated type+labels become arrays.
interface "eth0" {
  zone = "wan"
}
interface "eth1" { zone = "lan" }
interface "eth0" {
  zone = "backup"
}

settings {
  nested {
    deep "a" "b" "c" {
      value = 1
    }
    deep "a" "b" "d" {}
    deep "a" "e" "c" { value = 2 }
  }
  nested {}
}

bare label {
  x = 1
}
empty {}
