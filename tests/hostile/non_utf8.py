# a file saved in a legacy encoding without a declaration
x = "été"

def rmsprop_step(param, grad, square_avg):
    pass
