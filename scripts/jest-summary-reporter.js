// Prints the plain closing line CI reads ("Jest: N passed, N failed, N skipped").
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    console.log(`Jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`);
  }
}
