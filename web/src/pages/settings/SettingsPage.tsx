import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/PageStates.js';
import { useSettingsQuery } from '../../hooks/queries/useSettingsQuery.js';
import { PasswordForm } from './PasswordForm.js';
import { SettingsFormView } from './SettingsFormView.js';

export function SettingsPage() {
  const settings = useSettingsQuery();
  return (
    <>
      <PageHeader title="Settings" description="How Switchboard routes unknown names, records usage and keeps data." />
      <QueryView query={settings}>
        {(saved) => <SettingsFormView saved={saved} />}
      </QueryView>
      <PasswordForm />
    </>
  );
}
