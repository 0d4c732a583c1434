sum             = 1 + 2
diff            = a - b
neg             = -1
neg_paren       = (-a)
mixed           = a * -b + c / d % e
compare         = a == b && c != d || e < f && g > h && i <= j && k >= l
not             = !a
not_paren       = !(a || b)
double_negative = 1 - -1
cond            = a ? b : c
cond_nested     = a ? b : c ? -d : e
negative_arg    = max(-1, -2)
index_neg       = list[-1 + 1]
dashed-name     = 1
dashed          = dashed-name
