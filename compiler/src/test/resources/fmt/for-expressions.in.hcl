upper = [for s in var.list: upper(s)]
filtered = [ for s in var.list : s if s!="" ]
indexed = [for i,v in var.list: "${i}=${v}"]
object = {for k,v in var.map: k=>v}
grouped = {for k, v in var.map : v=>k...}
grouped_if = {for k, v in var.map : v => k ... if k != "x"}
literal_tuple = [for x in [1, 2]: x * 2]
paren_collection = [for x in (var.a) : x]
multi = {
  for name, cfg in var.interfaces :
  name => cfg.zone
  if cfg.enabled
}
multi_tuple = [
  for x in var.list :
    x
]
