// A worker thread that exits at once, standing in for one that crashes (worker tests).
process.exit(3);
