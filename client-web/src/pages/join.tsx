import { followLanguage, t } from '../i18n/i18n';
import { mount } from '../views/common/mount';
import { JoinApp } from '../views/join/JoinApp';

followLanguage(() => t('app.name'));
mount(<JoinApp />);
