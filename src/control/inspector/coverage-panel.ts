// The inspector's coverage panel: what the mock's clients have faced, grouped by provider and
// operation, each outcome not faced with how to face it. Its own section and script (served as
// /__voicemock/inspector/coverage.js), so the rest of the inspector is untouched by it.
export const COVERAGE_SECTION = `<section aria-labelledby="h-coverage">
  <h2 id="h-coverage">Contract coverage</h2>
  <form id="coverage-form">
    <button id="coverage-refresh" type="submit">Refresh</button>
    <input id="coverage-missing" type="checkbox"> <label for="coverage-missing">Only what was not faced</label>
  </form>
  <p id="coverage-totals" role="status"></p>
  <div class="scroll" tabindex="0" role="region" aria-label="Coverage outcomes">
  <table><thead><tr><th>provider</th><th>operation</th><th>status</th><th>outcome</th><th>faced</th><th>how to face it</th></tr></thead><tbody id="coverage-body"></tbody></table>
  </div>
</section>`;

/** Runs in the browser: one self-contained function, text only through textContent. */
export function coveragePanel(): void {
  const body = document.getElementById('coverage-body');
  const totals = document.getElementById('coverage-totals');
  const missing = document.getElementById('coverage-missing') as HTMLInputElement | null;
  const form = document.getElementById('coverage-form');
  if (!body || !totals || !missing || !form) return;
  let report: any = null;
  const cell = (text: string, className = '') => {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  };
  const render = () => {
    if (!report) return;
    const { operations, outcomes } = report.totals;
    totals.textContent = `Outcomes faced ${outcomes.faced} of ${outcomes.total}; operations ${operations.faced} of ${operations.total}.`;
    const rows = report.items
      .filter((i: any) => !missing.checked || i.faced === 0)
      .map((i: any) => {
        const tr = document.createElement('tr');
        tr.className = i.faced > 0 ? 'faced' : 'not-faced';
        tr.append(cell(i.provider), cell(i.operation), cell(i.status === null ? '—' : String(i.status)), cell(i.message ?? i.example ?? ''), cell(String(i.faced), 'num'), cell(i.faced > 0 ? '' : i.how));
        return tr;
      });
    body.replaceChildren(...rows);
  };
  const load = async () => {
    const response = await fetch('/__voicemock/coverage');
    if (!response.ok) {
      totals.textContent = `Coverage could not be read (HTTP ${response.status}).`;
      return;
    }
    report = await response.json();
    render();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  missing.addEventListener('change', render);
  void load();
}
