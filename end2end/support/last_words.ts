import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

// Prints each failed spec's error once more, last, in a few lines: CI keeps only the end of a
// run's output, where the list reporter leaves attachment paths, not what went wrong.
export default class LastWords implements Reporter {
  private failed: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === 'passed' || result.status === 'skipped') return;
    const where = `${test.location.file.replace(/.*\/tests\//, '')}:${test.location.line}`;
    const errors = result.errors.map((e) => (e.message ?? e.value ?? '').replace(/\u001b\[[0-9;]*m/g, ''));
    const first = errors.join('\n').split('\n').filter((line) => line.trim() !== '').slice(0, 8);
    this.failed.push([`✘ ${where} › ${test.title} (${result.status}, ${Math.round(result.duration / 1000)} s)`, ...first.map((l) => `    ${l}`)].join('\n'));
  }

  onEnd(_result: FullResult) {
    if (this.failed.length === 0) return;
    console.log(`\nWhat failed (${this.failed.length}):\n${this.failed.join('\n')}`);
  }
}
