"""Benchmark: how fast the `mlp` and `cnn` references reach their target accuracy.

Run as `python benchmarks/bench_training.py [--epochs 20] [--threads 1] [--seed 0]`.
Trains each reference the way the grader does (batch size 64, seeded shuffling,
`torch.manual_seed(seed)`) on the default digits split, on CUDA when available. The
test accuracy is measured after every epoch, outside the timed region, through a
loader wrapper, so the reference's own `train` runs unchanged in one call.

On CPU the default is one intra-op thread: on a busy 2-core machine two threads were
measured 10-20x slower for these small models (spin-waiting), and one idle thread is as
fast as two. A combined runner can import `run()` (rows) and `format_table(rows)`.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from grader.data import ImageSplit, load_digits
from grader.solutions import cnn, mlp

TARGETS = {"mlp": 0.95, "cnn": 0.97}
REFERENCES = {"mlp": mlp, "cnn": cnn}


@dataclass(frozen=True)
class BenchRow:
    model: str
    device: str
    epochs: int
    target: float
    epoch_at_target: int | None  # 1-based; None when never reached
    seconds_to_target: float | None
    train_seconds: float
    final_accuracy: float


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def accuracy(model: nn.Module, data: ImageSplit, device: torch.device) -> float:
    """Test accuracy in eval mode; restores the model's previous train/eval mode."""
    was_training = model.training
    model.eval()
    with torch.no_grad():
        predicted = model(data.x_test.to(device)).argmax(dim=1).cpu()  # (N,)
    model.train(was_training)
    return (predicted == data.y_test).float().mean().item()


class EpochProbe:
    """Wraps a loader; after each full pass, records training time and test accuracy.

    The clock runs only while batches are being trained on: evaluation is excluded.
    """

    def __init__(self, loader, model: nn.Module, data: ImageSplit, device: torch.device):
        self.loader, self.model, self.data, self.device = loader, model, data, device
        self.train_seconds = 0.0
        self.history: list[tuple[float, float]] = []  # (cumulative seconds, accuracy)

    def __len__(self) -> int:
        return len(self.loader)

    def __iter__(self):
        _sync(self.device)
        start = time.perf_counter()
        yield from self.loader
        _sync(self.device)
        self.train_seconds += time.perf_counter() - start
        self.history.append((self.train_seconds,
                             accuracy(self.model, self.data, self.device)))


def bench_one(stem: str, data: ImageSplit, device: torch.device, epochs: int = 20,
              seed: int = 0) -> BenchRow:
    reference, target = REFERENCES[stem], TARGETS[stem]
    torch.manual_seed(seed)
    loader = DataLoader(TensorDataset(data.x_train, data.y_train), batch_size=64,
                        shuffle=True, generator=torch.Generator().manual_seed(seed))
    model = reference.build_model(data.input_shape, data.num_classes)
    probe = EpochProbe(loader, model, data, device)
    reference.train(model, probe, device, epochs=epochs)
    reached = [(epoch, seconds) for epoch, (seconds, acc)
               in enumerate(probe.history, start=1) if acc >= target]
    epoch_at_target, seconds_to_target = reached[0] if reached else (None, None)
    return BenchRow(model=stem, device=device.type, epochs=epochs, target=target,
                    epoch_at_target=epoch_at_target, seconds_to_target=seconds_to_target,
                    train_seconds=probe.train_seconds,
                    final_accuracy=accuracy(model, data, device))


def run(epochs: int = 20, threads: int | None = 1, seed: int = 0) -> list[BenchRow]:
    """Benchmark both references; `threads` sets torch's CPU threads (None: leave as is)."""
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    previous = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        data = load_digits()
        return [bench_one(stem, data, device, epochs, seed) for stem in REFERENCES]
    finally:
        torch.set_num_threads(previous)


def format_table(rows: list[BenchRow]) -> str:
    header = ("model", "device", "epochs", "target", "epoch@target", "s_to_target",
              "train_s", "final_acc")
    lines = [header]
    for row in rows:
        reached = row.epoch_at_target is not None
        lines.append((row.model, row.device, str(row.epochs), f"{row.target:.2f}",
                      str(row.epoch_at_target) if reached else "-",
                      f"{row.seconds_to_target:.2f}" if reached else "-",
                      f"{row.train_seconds:.2f}", f"{row.final_accuracy:.4f}"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    padded = ("  ".join(cell.ljust(width) for cell, width in zip(line, widths))
              for line in lines)
    return "\n".join(line.rstrip() for line in padded)


def grade_end_to_end() -> str:
    """Seconds to grade the mlp and cnn references with `grade submit`'s engine (zygote
    start, worker, data transfer, training, suite), in a fresh process each (target
    <= 45 s each on this CPU)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    script = ("import sys, time; from grader.judge.runner import grade; t = time.perf_counter(); "
              "r = grade(sys.argv[1]); print(f'{time.perf_counter() - t:.1f} {r.score:g} "
              "{r.device} {r.training.get(\"accuracy\", 0):.4f}')")
    lines = ["model  grade_s  score  device  accuracy  (target <= 45 s each)"]
    for stem in REFERENCES:
        done = subprocess.run([sys.executable, "-c", script, str(root / "solutions" /
                               f"{stem}.py")], capture_output=True, text=True, timeout=600)
        seconds, score, device, accuracy = (done.stdout.split() + ["?"] * 4)[:4]
        lines.append(f"{stem:<5}  {seconds:>7}  {score:>5}  {device:<6}  {accuracy}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch CPU threads (0: leave torch's default)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    threads = args.threads or None
    rows = run(epochs=args.epochs, threads=threads, seed=args.seed)
    print(f"torch {torch.__version__}, threads {threads or torch.get_num_threads()}, "
          f"data: scikit-learn 8x8 digits, seed {args.seed}")
    print(format_table(rows))
    print()
    print(grade_end_to_end())


if __name__ == "__main__":
    main()
