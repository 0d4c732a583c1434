# ha { preempt_delay } (with preempt = true, its default); the other ha arguments are in ha.hcl.
# "# alt: VALUE" marks an argument EveryArgumentHasAnEffectTest changes to VALUE.

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.2/24"
}

interface "eth3" {
  zone    = "SYNC"
  address = "10.99.0.1/30"
}

ha {
  priority       = 200
  peer           = "10.99.0.2"
  sync_interface = "eth3"
  preempt_delay  = "2s" # alt: "5s"

  virtual_address "eth2" {
    addresses = ["192.168.1.1/24"]
  }
}
