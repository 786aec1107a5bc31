// Prints the plain closing line CI reads ("Jest: N passed, N failed, N skipped"). It goes to
// stderr, after the default reporter's summary there, so it is the run's last line.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stderr.write(`Jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`);
  }
}
