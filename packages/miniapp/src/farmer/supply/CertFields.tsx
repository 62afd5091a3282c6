import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { AGRI_CERT_KINDS, AGRI_CERT_STATUS_WORDS, AGRI_CERT_WORDS } from '@cc/shared';
import { Field, PhotoPicker, Tag, type TagTone } from '../../ui';
import type { CertEntry } from './form';

const TONES: Record<NonNullable<CertEntry['status']>, TagTone> = { pending: 'info', confirmed: 'ok', rejected: 'danger' };

/** One certification: its words, where its check stands, the evidence photo (one), and 删除. */
function CertRow({ cert, onChange, onRemove }: { cert: CertEntry; onChange(c: CertEntry): void; onRemove(): void }) {
  return (
    <View className="agri-cert" data-testid="supply-cert" data-kind={cert.kind}>
      <View className="agri-post__head cc-spread cc-spread--top">
        <Text className="agri-post__title">{AGRI_CERT_WORDS[cert.kind]}</Text>
        {cert.status ? <Tag tone={TONES[cert.status]}>{AGRI_CERT_STATUS_WORDS[cert.status]}</Tag> : <Tag tone="muted">保存后核验</Tag>}
      </View>
      <PhotoPicker
        max={1}
        value={cert.photo ? [cert.photo] : []}
        hint="证书或标签的照片，服务站核对"
        // A new photo is a new piece of evidence: it waits for a new check.
        onChange={(photos) => onChange({ ...cert, photo: photos[0] ?? null, status: null })}
      />
      <Button fill="none" size="small" data-testid="supply-cert-remove" onClick={onRemove}>
        删除这项认证
      </Button>
    </View>
  );
}

/** 认证: choose a kind, attach the evidence photo; shown to buyers only after the station checked it (issue 14 item 1). */
export function CertFields({ certs, error, onChange }: { certs: CertEntry[]; error?: string; onChange(c: CertEntry[]): void }) {
  const free = AGRI_CERT_KINDS.filter((k) => !certs.some((c) => c.kind === k));
  return (
    <View data-testid="supply-certs">
      <Field
        label="认证"
        required={false}
        boxed={false}
        error={error}
        hint="绿色食品、有机、地理标志、合格证：附证书照片，服务站核验后买家才能看到"
      >
        {certs.map((c, i) => (
          <CertRow
            key={c.kind}
            cert={c}
            onChange={(next) => onChange(certs.map((x, j) => (j === i ? next : x)))}
            onRemove={() => onChange(certs.filter((_, j) => j !== i))}
          />
        ))}
        {free.length > 0 && (
          <View className="agri-actions" data-testid="supply-cert-add">
            {free.map((kind) => (
              <Button
                key={kind}
                fill="outline"
                size="small"
                data-testid={`supply-cert-add-${kind}`}
                onClick={() => onChange([...certs, { kind, photo: null, status: null }])}
              >
                + {AGRI_CERT_WORDS[kind]}
              </Button>
            ))}
          </View>
        )}
      </Field>
    </View>
  );
}
