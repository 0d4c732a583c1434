interface "eth0" {
  zone = "WAN"
}
