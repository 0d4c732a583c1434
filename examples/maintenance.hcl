# Planned ISP work: maintenance windows take an uplink out of use for new connections while the
# ISP works on it, as if the operator had drained it (flywall wan drain), and mute its down/up
# alerts meanwhile. Established connections keep flowing; probing goes on.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 2
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {}
  member "eth1" {}
}

# ISP 1 reboots its equipment on weekend nights: new connections use eth1 from 02:00 to 04:00
# (Berlin time, winter and summer alike) every Saturday and Sunday.
maintenance "isp1-weekly" {
  uplinks   = ["eth0"]
  time_zone = "Europe/Berlin"
  days      = ["sat", "sun"]
  start     = "02:00"
  duration  = "2h"
}

# A one-off: the fibre of eth1 is spliced overnight. It runs past midnight; once it is over,
# flywall lint warns that the block can go.
maintenance "fiber-splice" {
  uplinks   = ["eth1"]
  time_zone = "Europe/Berlin"
  from      = "2027-01-14 22:00"
  until     = "2027-01-15 04:00"
}

notifications {
  webhook {
    url    = "https://hooks.example.com/flywall"
    events = ["wan_down", "wan_up", "failover", "failback", "drain", "undrain", "maintenance_start", "maintenance_end"]
  }
}
