/** An on/off switch (a button with `role="switch"`), operable with Space and Enter. */

type Props = {
  id?: string;
  checked: boolean;
  label: string;
  disabled?: boolean;
  onChange(checked: boolean): void;
};

export function Switch({ id, checked, label, disabled, onChange }: Props) {
  return (
    <button
      id={id}
      type="button"
      role="switch"
      class="switch"
      aria-checked={checked}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span class="switch-track" aria-hidden="true">
        <span class="switch-thumb" />
      </span>
      <span class="switch-label">{label}</span>
    </button>
  );
}
