enum BPITools {}
