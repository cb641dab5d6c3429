import { OrderDetail } from "./order-detail";

export const metadata = { title: "订单详情 · 管理后台" };

export default async function AdminOrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  return <OrderDetail orderId={decodeURIComponent(orderId)} />;
}
