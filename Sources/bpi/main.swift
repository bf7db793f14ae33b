import BPITools
for f in HashBenchmarks.blake3(progress: { print("…", $0) }) { print(f) }
