import { errorMessage } from '../api/api-error.js';
import { useTestProvider } from '../hooks/mutations/useProviderMutations.js';
import { formatInteger, formatLatency } from '../lib/format.js';
import { Button } from './Button.js';

/** A Test button and its outcome: latency and model count, or the upstream's error. Each row owns its own test. */
export function ProviderTest({ providerId, disabled = false }: { providerId: string; disabled?: boolean }) {
  const test = useTestProvider();
  const result = test.data;
  return (
    <div className="provider-test">
      <Button
        size="sm"
        icon="zap"
        busy={test.isPending}
        disabled={disabled}
        onClick={() => test.mutate(providerId)}
        data-testid={`provider-test-${providerId}`}
        aria-label={`Test ${providerId}`}
      >
        Test
      </Button>
      <span className="provider-test-result" role="status" aria-live="polite">
        {test.isPending ? <span className="muted">Testing…</span> : null}
        {test.isError ? <span className="text-danger">{errorMessage(test.error)}</span> : null}
        {result && !test.isPending ? (
          result.ok ? (
            <span className="text-success" title={result.message}>
              OK · {formatLatency(result.latencyMs)}
              {result.modelCount !== null ? ` · ${formatInteger(result.modelCount)} models` : ''}
            </span>
          ) : (
            <span className="text-danger" title={result.message}>
              Failed · {formatLatency(result.latencyMs)} · {result.message}
            </span>
          )
        ) : null}
      </span>
    </div>
  );
}
