interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan {
    priority = 1
  }
}
a = <<EOT
x
EOT
