# expect-status: graded
# expect-score: =6
# expect-misconceptions: rmsprop.eps_inside_sqrt
# A known mistake that also prints markup, a Markdown fence and a terminal escape:
# tests/test_reports.py checks every report shows them as text, never obeys them.
import torch

print("<script>alert('pwned')</script>")
print("```\n# not a heading\n\x1b[2Jcleared the screen?")


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        square_avg.mul_(alpha).add_((1 - alpha) * grad * grad)
        param -= lr * grad / torch.sqrt(square_avg + eps)
