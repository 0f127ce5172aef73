import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { RANGE_PRESETS, toDateInput, type ResolvedRange, type UsageViewState } from './usage-view-state.js';

/** Date presets, the custom range, refresh and CSV export of the current view. */
export function UsageToolbar({ state, range, onChange, exportUrl, fetching }: {
  state: UsageViewState;
  range: ResolvedRange;
  onChange: (state: UsageViewState) => void;
  exportUrl: string;
  fetching: boolean;
}) {
  const queryClient = useQueryClient();
  const lastDay = toDateInput(new Date(range.to - 1));
  const firstDay = toDateInput(new Date(range.from));

  return (
    <div className="usage-toolbar">
      <div className="segmented" role="group" aria-label="Date range">
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset.value}
            type="button"
            aria-pressed={state.range === preset.value}
            onClick={() => onChange({ ...state, range: preset.value, from: '', to: '', page: 1 })}
            data-testid={`range-${preset.value}`}
          >
            {preset.label}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={state.range === 'custom'}
          onClick={() => onChange({ ...state, range: 'custom', from: firstDay, to: lastDay, page: 1 })}
          data-testid="range-custom"
        >
          Custom
        </button>
      </div>
      {state.range === 'custom' ? (
        <div className="date-range">
          <label className="inline-field">
            <span>From</span>
            <input
              type="date"
              className="input input-sm"
              value={state.from}
              max={state.to}
              required
              onChange={(event) => { if (event.target.value) onChange({ ...state, from: event.target.value, page: 1 }); }}
            />
          </label>
          <label className="inline-field">
            <span>To</span>
            <input
              type="date"
              className="input input-sm"
              value={state.to}
              min={state.from}
              required
              onChange={(event) => { if (event.target.value) onChange({ ...state, to: event.target.value, page: 1 }); }}
            />
          </label>
        </div>
      ) : null}
      <div className="usage-toolbar-end">
        <Button
          size="sm"
          variant="ghost"
          icon="refresh"
          busy={fetching}
          onClick={() => void queryClient.invalidateQueries({ queryKey: queryKeys.usage })}
        >
          Refresh
        </Button>
        <a className="btn btn-secondary btn-sm" href={exportUrl} download data-testid="export-csv">
          <Icon name="download" />
          Export CSV
        </a>
      </div>
    </div>
  );
}
