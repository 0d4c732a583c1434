a  = 1
bb = "x"



block {
  c = 2 # trailing
}
