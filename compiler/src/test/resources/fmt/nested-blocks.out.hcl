interface "eth0" {
  zone = "WAN"
  wan {
    priority = 1
    health_check {
      targets  = ["1.1.1.1"]
      interval = "5s"
    }
  }
}
uplink_group "default" "extra-label" {
  member "eth0" { priority = 1 }
  member "eth1" {
    priority = 2
  }
}
