# One node of a highly available pair (the preferred master; examples/ha-secondary.hcl is the
# other): keepalived moves the virtual addresses between the two gateways, conntrackd keeps the
# connections in step over the sync link eth3, so the LAN's sessions survive a switch.
# Check both together: flywall lint examples/ha-primary.hcl --peer examples/ha-secondary.hcl

interface "eth0" {
  zone    = "WAN"
  address = "198.51.100.2/29" # the secondary has .3; .4 is virtual
  gateway = "198.51.100.1"

  wan {
    priority = 1
  }

  # fast checks: a dead ISP is known within a second, on both nodes
  health_check {
    targets        = ["1.1.1.1", "8.8.8.8"]
    interval       = "200ms"
    timeout        = "150ms"
    threshold_down = 3
    threshold_up   = 2
  }
}

interface "eth1" {
  zone    = "WAN"
  address = "192.0.2.2/29" # the secondary has .3; .4 is virtual
  gateway = "192.0.2.1"

  wan {
    priority = 2
  }

  health_check {
    targets        = ["1.0.0.1", "8.8.4.4"]
    interval       = "200ms"
    timeout        = "150ms"
    threshold_down = 3
    threshold_up   = 2
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.2/24" # the LAN's clients use the virtual 192.168.1.1
}

# The sync link: a cable between the two gateways.
interface "eth3" {
  zone    = "SYNC"
  address = "10.99.0.1/30"
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {}
  member "eth1" {}
}

ha {
  priority        = 200 # the secondary has 100: this node is master while it is up
  peer            = "10.99.0.2"
  sync_interface  = "eth3"
  advert_interval = "200ms" # the backup takes over after about 3 missed adverts
  preempt         = true
  preempt_delay   = "2s" # a returning primary waits this long before it takes the addresses back

  virtual_address "eth2" {
    addresses = ["192.168.1.1/24"]
  }

  # On the WANs the LAN's connections leave from the virtual address, which moves with them.
  virtual_address "eth0" {
    addresses = ["198.51.100.4/29"]
  }

  virtual_address "eth1" {
    addresses = ["192.0.2.4/29"]
  }
}
