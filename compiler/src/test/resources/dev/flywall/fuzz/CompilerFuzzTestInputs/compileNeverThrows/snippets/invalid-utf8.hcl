a = "ÿşÃ("
interface "éth0" {
  zone = "…WAN"
}
