import type { ProviderView } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useToast } from '../../components/Toaster.js';
import { useDeleteProvider } from '../../hooks/mutations/useProviderMutations.js';

export function DeleteProviderDialog({ provider, onClose }: { provider: ProviderView; onClose: () => void }) {
  const remove = useDeleteProvider();
  const toast = useToast();
  return (
    <ConfirmDialog
      title={`Delete ${provider.displayName}?`}
      confirmLabel="Delete provider"
      busy={remove.isPending}
      error={remove.error}
      onClose={onClose}
      onConfirm={() => remove.mutate(provider.id, {
        onSuccess: () => {
          toast.success(`Deleted ${provider.displayName}`);
          onClose();
        },
      })}
    >
      <p>
        Requests for <code>{provider.id}/…</code> models will fail from now on. Usage already recorded stays.
      </p>
    </ConfirmDialog>
  );
}
