import { Fact } from './index';
import { Money } from '../Money';

/** Label–value lines of a detail page. */
export function Demo() {
  return (
    <>
      <Fact label="订单编号">2412-0387</Fact>
      <Fact label="下单时间">12月1日 10:30</Fact>
      <Fact label="实付">
        <Money fen={18580} />
      </Fact>
    </>
  );
}
